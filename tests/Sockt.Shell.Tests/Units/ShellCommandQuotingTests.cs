namespace Sockt.Shell.Tests.Units;

public sealed class ShellCommandQuotingTests
{
    [TestCase("ls -la", "$'ls -la'")]
    [TestCase("a\tb\nc", "$'a\\x09b\\x0ac'")]
    [TestCase("it's \\ !", "$'it\\x27s \\x5c \\x21'")]
    [TestCase("é", "$'\\xc3\\xa9'")]
    [TestCase("\u0003\u007f", "$'\\x03\\x7f'")]
    public void Any_text_becomes_a_printable_ascii_ansi_c_word(string text, string expected) =>
        Assert.That(ShellCommandQuoting.AnsiC(text), Is.EqualTo(expected));
}
