using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Sockt.Screenshots;

/// <summary>The xterm.js terminal in an element of a page (<c>#terminal</c> in both pages): what a user would do with it.</summary>
internal static class PageTerminal
{
    /// <summary>
    /// Waits for the shell's prompt, types <paramref name="command"/> (whose output must end with a line <c>42</c>) and
    /// waits until that answer is on the screen. Expect polls until then (Program.cs sets its timeout).
    /// </summary>
    public static async Task RunAsync(IPage page, string command)
    {
        var rows = page.Locator("#terminal .xterm-rows > div");
        await Assertions.Expect(rows.Filter(new() { HasTextRegex = new Regex(@"\$\s") }).First).ToBeVisibleAsync();
        await page.ClickAsync("#terminal");
        await page.Keyboard.TypeAsync(command);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(rows.Filter(new() { HasTextRegex = new Regex(@"^\s*42\s*$") }).Last).ToBeVisibleAsync();
    }
}
