namespace Sockt.Web.Tests;

/// <summary>A terminal's size as <c>stty size</c> prints it: rows, then columns.</summary>
internal readonly record struct TerminalSize(int Rows, int Columns);
