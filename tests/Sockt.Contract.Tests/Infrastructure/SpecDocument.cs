using Microsoft.OpenApi.Models;
using Microsoft.OpenApi.Readers;

namespace Sockt.Contract.Tests.Infrastructure;

/// <summary>Loads spec/sockt.openapi.yaml with Microsoft.OpenApi.Readers, failing on any reader error.</summary>
internal static class SpecDocument
{
    private static readonly Lazy<(OpenApiDocument Document, OpenApiDiagnostic Diagnostic)> Loaded = new(() =>
    {
        using var stream = File.OpenRead(RepoPaths.Spec);
        var document = new OpenApiStreamReader().Read(stream, out var diagnostic);
        return (document, diagnostic);
    });

    public static OpenApiDocument Load() => Loaded.Value.Document;

    public static OpenApiDiagnostic Diagnostic => Loaded.Value.Diagnostic;
}
