namespace Sockt.Emulator.Http;

/// <summary>Holds the active faults and hands out the first one matching a request.</summary>
internal sealed class FaultInjector
{
    private readonly List<(EmulatorFault Fault, string Method, string[] Segments)> faults = [];

    public void Add(EmulatorFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        var route = fault.Route?.Trim() ?? "";
        var space = route.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0 || !route[(space + 1)..].TrimStart().StartsWith('/'))
        {
            throw new ArgumentException("Route must look like \"METHOD /path\" (for example \"POST /v1/sandboxes/*/exec\").", nameof(fault));
        }

        if (fault.Status is not (0 or (>= 400 and <= 599)))
        {
            throw new ArgumentException("Status must be 0 (delay only) or between 400 and 599.", nameof(fault));
        }

        if (fault.Times is < 1 || fault.DelayMs < 0)
        {
            throw new ArgumentException("Times must be at least 1 (or null for unlimited) and DelayMs not negative.", nameof(fault));
        }

        var method = route[..space].ToUpperInvariant();
        var segments = route[(space + 1)..].Trim().Split('/', StringSplitOptions.RemoveEmptyEntries);
        lock (faults)
        {
            faults.Add((fault, method, segments));
        }
    }

    public void Clear()
    {
        lock (faults)
        {
            faults.Clear();
        }
    }

    public IReadOnlyList<EmulatorFault> Snapshot()
    {
        lock (faults)
        {
            return [.. faults.Select(f => f.Fault)];
        }
    }

    /// <summary>The first matching fault, counting one use of it; null when none matches.</summary>
    public EmulatorFault? Take(string method, string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        lock (faults)
        {
            for (var i = 0; i < faults.Count; i++)
            {
                var (fault, faultMethod, pattern) = faults[i];
                if ((faultMethod != "*" && faultMethod != method.ToUpperInvariant()) || !Matches(pattern, segments))
                {
                    continue;
                }

                if (fault.Times is { } times)
                {
                    if (times <= 1)
                    {
                        faults.RemoveAt(i);
                    }
                    else
                    {
                        fault.Times = times - 1;
                    }
                }

                return fault;
            }
        }

        return null;
    }

    private static bool Matches(string[] pattern, string[] segments)
    {
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == "**")
            {
                return true;
            }

            if (i >= segments.Length)
            {
                return false;
            }

            var isWildcard = pattern[i] == "*" || (pattern[i].StartsWith('{') && pattern[i].EndsWith('}'));
            if (!isWildcard && !string.Equals(pattern[i], segments[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return pattern.Length == segments.Length;
    }
}
