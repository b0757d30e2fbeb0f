using System.Reflection;
using Refit;
using Snapshooter.NUnit;
using Sockt.Contract.Tests.Infrastructure;

namespace Sockt.Contract.Tests;

/// <summary>
/// The generated Refit surface as a reviewed snapshot: any change to an operation in the spec (verb, route,
/// parameters, result) shows up as a diff of __snapshots__/RefitSurfaceSnapshotTests.*.snap.
/// </summary>
public sealed class RefitSurfaceSnapshotTests
{
    [Test]
    public void Refit_surface_matches_the_snapshot()
    {
        var surface = GeneratedContract.ApiMethods.Select(method => new
        {
            Method = method.Name,
            Verb = GeneratedContract.Verb(method)?.Method.Method,
            Route = GeneratedContract.Verb(method)?.Path,
            Parameters = method.GetParameters().Select(Describe).ToList(),
            Returns = CSharpTypeNames.Of(method.ReturnParameter),
        });

        Snapshot.Match(surface);
    }

    private static string Describe(ParameterInfo parameter)
    {
        var binding = parameter.GetCustomAttribute<AliasAsAttribute>() is { } alias
            ? $"[AliasAs(\"{alias.Name}\")] "
            : parameter.GetCustomAttribute<BodyAttribute>() is not null ? "[Body] " : string.Empty;
        var defaultValue = parameter.HasDefaultValue ? " = default" : string.Empty;
        return $"{binding}{CSharpTypeNames.Of(parameter)} {parameter.Name}{defaultValue}";
    }
}
