using Sockt.Emulator.Dashboard.Terminal;
using Sockt.Emulator.Endpoints;
using Sockt.Emulator.Http;
using Sockt.Emulator.Sandboxes;

namespace Sockt.Emulator.Dashboard;

/// <summary>
/// The dashboard at the emulator's root URL (docs/emulator.md, "Dashboard"): a sign-in form for the admin key, then
/// the sandboxes live, their invoices, executions and a terminal. Every route but <c>/</c> lives under
/// <see cref="Prefix"/>, where <see cref="DashboardGuard"/> applies.
/// </summary>
internal static class DashboardEndpoints
{
    public const string Prefix = "/dashboard";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/", IndexAsync);
        app.MapPost(Prefix + "/login", SignInAsync);
        app.MapPost(Prefix + "/logout", SignOutAsync);
        app.MapGet(Prefix + "/sandboxes", SandboxListAsync);
        app.MapPost(Prefix + "/sandboxes/{sandbox_id}/{action}", ActAsync);
        app.MapGet(Prefix + "/sandboxes/{sandbox_id}/invoice.svg", InvoiceQrCodeAsync);
        app.MapGet(Prefix + "/sandboxes/{sandbox_id}/terminal", TerminalAsync);
        app.MapGet(Prefix + "/static/{file}", context => DashboardClientFiles.ServeAsync(context, context.Route("file")));
    }

    /// <summary>Whether a form body may reach this path (the dashboard's own POST routes, nowhere else).</summary>
    public static bool AcceptsForms(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && request.Path.StartsWithSegments(Prefix, StringComparison.OrdinalIgnoreCase) && DashboardGuard.IsForm(request.ContentType);

    private static Task IndexAsync(HttpContext context)
    {
        if (DashboardGuard.Session(context) is not { } session)
        {
            return DashboardHtml.WriteAsync(context, StatusCodes.Status200OK, DashboardHtml.LoginPage(error: null));
        }

        var isolation = context.RequestServices.GetRequiredService<SandboxLauncher>().Mode == IsolationMode.Bwrap ? "bubblewrap" : "none";
        var list = SandboxListHtml.Render(context.Sandboxes(), context.Executions(), session);
        return DashboardHtml.WriteAsync(context, StatusCodes.Status200OK, DashboardHtml.DashboardPage(session, list, isolation));
    }

    private static async Task SignInAsync(HttpContext context)
    {
        DashboardGuard.RequireOwnOrigin(context);
        var form = await DashboardGuard.ReadFormAsync(context);
        var sessions = DashboardGuard.Sessions(context);
        if (!form.TryGetValue("admin_key", out var key) || !sessions.IsAdminKey(key.ToString().Trim()))
        {
            await DashboardHtml.WriteAsync(context, StatusCodes.Status401Unauthorized, DashboardHtml.LoginPage("That is not this emulator's admin key."));
            return;
        }

        context.Response.Cookies.Append(DashboardSessions.CookieName(context), sessions.SignIn(), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            Path = "/",
            MaxAge = DashboardSessions.Lifetime,
        });
        SeeDashboard(context);
    }

    private static async Task SignOutAsync(HttpContext context)
    {
        var session = DashboardGuard.RequireSession(context);
        DashboardGuard.RequireOwnOrigin(context);
        DashboardGuard.RequireCsrfToken(session, await DashboardGuard.ReadFormAsync(context));
        DashboardGuard.Sessions(context).SignOut(context.Request.Cookies[DashboardSessions.CookieName(context)]);
        context.Response.Cookies.Delete(DashboardSessions.CookieName(context), new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/" });
        SeeDashboard(context);
    }

    private static Task SandboxListAsync(HttpContext context)
    {
        var session = DashboardGuard.RequireSession(context);
        return DashboardHtml.WriteAsync(context, StatusCodes.Status200OK, SandboxListHtml.Render(context.Sandboxes(), context.Executions(), session));
    }

    private static async Task ActAsync(HttpContext context)
    {
        var session = DashboardGuard.RequireSession(context);
        DashboardGuard.RequireOwnOrigin(context);
        DashboardGuard.RequireCsrfToken(session, await DashboardGuard.ReadFormAsync(context));
        var sandboxes = context.Sandboxes();
        var sandbox = Find(context);
        switch (context.Route("action"))
        {
            case "pause":
                sandboxes.Pause(sandbox);
                break;
            case "resume":
                sandboxes.Resume(sandbox);
                break;
            case "terminate":
                sandboxes.Terminate(sandbox, lightningAddress: null);
                break;
            case "pay":
                var invoice = sandbox.PendingInvoice is { Paid: false } pending
                    ? pending
                    : throw new ApiException(StatusCodes.Status409Conflict, "no_pending_invoice", "the sandbox has no unpaid invoice", "Only a Lightning sandbox awaiting payment or out of balance has one");
                sandboxes.PayInvoice(invoice.PaymentHash);
                break;
            default:
                throw ApiException.NotFound("no such dashboard action (pause, resume, terminate or pay)");
        }

        SeeDashboard(context);
    }

    private static async Task InvoiceQrCodeAsync(HttpContext context)
    {
        DashboardGuard.RequireSession(context);
        var invoice = Find(context).PendingInvoice is { Paid: false } pending
            ? pending
            : throw ApiException.NotFound("the sandbox has no unpaid invoice");
        var svg = InvoiceQrCode.Svg(invoice.Bolt11);
        DashboardHtml.SetHeaders(context.Response);
        context.Response.ContentType = "image/svg+xml";
        await context.Response.WriteAsync(svg, context.RequestAborted);
    }

    private static async Task TerminalAsync(HttpContext context)
    {
        DashboardGuard.RequireSession(context);
        if (!context.WebSockets.IsWebSocketRequest)
        {
            throw new ApiException(StatusCodes.Status400BadRequest, "websocket_required", "the dashboard's terminal needs a WebSocket upgrade", "Open the terminal from the dashboard page");
        }

        // A browser sends cookies with a cross-site WebSocket, but it cannot forge Origin.
        DashboardGuard.RequireOwnOrigin(context);

        var sandbox = Find(context);
        try
        {
            context.Sandboxes().RequireDataPlane(sandbox);
        }
        catch (ApiException e)
        {
            throw new ApiException(StatusCodes.Status409Conflict, e.Code, e.Message, e.Hint);
        }

        var slot = SandboxShell.OpenSlot(sandbox);
        try
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            await using var shell = await SandboxShell.StartAsync(context.RequestServices, sandbox, slot);
            await new BrowserTerminalBridge(socket, shell.Pty, sandbox).RunAsync(context.RequestAborted);
        }
        finally
        {
            slot.Dispose();
        }
    }

    private static Sandbox Find(HttpContext context) =>
        context.Sandboxes().Find(context.Route("sandbox_id")) ?? throw ApiException.NotFound("sandbox not found");

    /// <summary>After a form post: back to the dashboard (dashboard.js posts with fetch and only reads the status).</summary>
    private static void SeeDashboard(HttpContext context)
    {
        DashboardHtml.SetHeaders(context.Response);
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = "/";
    }
}
