using System.Collections;

namespace Sockt.Emulator.Pty;

/// <summary>
/// What to run in a pseudo-terminal: the program, its arguments, working directory, environment and the
/// initial terminal size. Passed to <see cref="PtyProcess.Start(PtyStartInfo)"/>.
/// </summary>
public sealed class PtyStartInfo
{
    private readonly string _fileName = string.Empty;
    private readonly IReadOnlyList<string> _arguments = [];
    private readonly string _workingDirectory = Directory.GetCurrentDirectory();
    private readonly IDictionary<string, string> _environment = CopyCurrentEnvironment();
    private readonly int _columns = 80;
    private readonly int _rows = 24;

    /// <summary>
    /// The program to run: an absolute path, or a name looked up in the <c>PATH</c> of <see cref="Environment"/>.
    /// Required.
    /// </summary>
    public string FileName
    {
        get => _fileName;
        init
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(value, nameof(FileName));
            RejectNul(value, nameof(FileName));
            _fileName = value;
        }
    }

    /// <summary>The arguments passed to the program (without the program name). Empty by default.</summary>
    public IReadOnlyList<string> Arguments
    {
        get => _arguments;
        init
        {
            ArgumentNullException.ThrowIfNull(value, nameof(Arguments));
            foreach (var argument in value)
            {
                if (argument is null)
                {
                    throw new ArgumentException("Arguments must not contain null.", nameof(Arguments));
                }

                RejectNul(argument, nameof(Arguments));
            }

            _arguments = [.. value];
        }
    }

    /// <summary>The directory the program starts in. Defaults to the current directory when this object is created.</summary>
    public string WorkingDirectory
    {
        get => _workingDirectory;
        init
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(value, nameof(WorkingDirectory));
            RejectNul(value, nameof(WorkingDirectory));
            _workingDirectory = value;
        }
    }

    /// <summary>
    /// The complete environment of the program. Defaults to a copy of the current process environment (like
    /// <see cref="System.Diagnostics.ProcessStartInfo.Environment"/>); mutate it or replace it as a whole.
    /// When it has no <c>TERM</c>, the program gets <c>TERM=xterm-256color</c>.
    /// </summary>
    public IDictionary<string, string> Environment
    {
        get => _environment;
        init
        {
            ArgumentNullException.ThrowIfNull(value, nameof(Environment));
            _environment = value;
        }
    }

    /// <summary>Initial terminal width in character cells (1..65535). Defaults to 80.</summary>
    public int Columns
    {
        get => _columns;
        init
        {
            ValidateSize(value, nameof(Columns));
            _columns = value;
        }
    }

    /// <summary>Initial terminal height in character cells (1..65535). Defaults to 24.</summary>
    public int Rows
    {
        get => _rows;
        init
        {
            ValidateSize(value, nameof(Rows));
            _rows = value;
        }
    }

    /// <summary>Checks the parts that init validation cannot see: a missing file name and the mutable environment.</summary>
    internal void Validate(string paramName)
    {
        if (string.IsNullOrWhiteSpace(_fileName))
        {
            throw new ArgumentException("PtyStartInfo.FileName is required.", paramName);
        }

        foreach (var (name, value) in _environment)
        {
            if (string.IsNullOrEmpty(name) || name.Contains('=', StringComparison.Ordinal) || name.Contains('\0', StringComparison.Ordinal))
            {
                throw new ArgumentException($"Environment variable name '{name}' is not valid.", paramName);
            }

            if (value is null || value.Contains('\0', StringComparison.Ordinal))
            {
                // Only the name is reported: values may be secrets.
                throw new ArgumentException($"Environment variable '{name}' has a null value or contains NUL.", paramName);
            }
        }
    }

    /// <summary>Largest value the kernel's <c>struct winsize</c> can hold.</summary>
    internal const int MaxCells = ushort.MaxValue;

    internal static void ValidateSize(int value, string paramName)
    {
        if (value is < 1 or > MaxCells)
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"Terminal size must be between 1 and {MaxCells}.");
        }
    }

    private static void RejectNul(string value, string paramName)
    {
        // exec() takes C strings: a NUL would silently truncate the value.
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("Value must not contain NUL characters.", paramName);
        }
    }

    private static Dictionary<string, string> CopyCurrentEnvironment()
    {
        var copy = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            copy[(string)entry.Key] = (string?)entry.Value ?? string.Empty;
        }

        return copy;
    }
}
