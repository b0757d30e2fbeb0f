using System.Reflection;
using PublicApiGenerator;
using Snapshooter.NUnit;

namespace Sockt.Tests;

/// <summary>The public surface is a reviewed snapshot, and it can be mocked (conventions: <see cref="PublicApiConventionTests"/>).</summary>
public class PublicApiTests
{
    private static readonly Assembly Sdk = typeof(ComputeClient).Assembly;

    [Test]
    public void Public_api_matches_the_snapshot()
    {
        // Microsoft.* is denied by default; the SDK puts its AddSockt extensions there by convention.
        // The async-iterator attribute names a compiler-generated state machine (d__74, d__89...) whose number
        // shifts whenever the type gains a member: it is not API, and would make every addition churn the snapshot.
        var api = Sdk.GeneratePublicApi(new ApiGeneratorOptions
        {
            IncludeAssemblyAttributes = false,
            AllowNamespacePrefixes = ["Microsoft.Extensions.DependencyInjection"],
            ExcludeAttributes = ["System.Runtime.CompilerServices.AsyncIteratorStateMachineAttribute"],
        });

        Snapshot.Match(api);
    }

    [TestCase(typeof(ComputeClient))]
    [TestCase(typeof(Sandbox))]
    [TestCase(typeof(Execution))]
    [TestCase(typeof(ExecResult))]
    public void Every_public_instance_member_is_virtual_so_it_can_be_mocked(Type type)
    {
        var notVirtual = type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsVirtual && !m.IsSpecialName && m.Name is not ("Dispose" or "DisposeAsync"))
            .Select(m => m.Name)
            .Concat(type.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Where(p => p.GetMethod is { IsVirtual: false })
                .Select(p => p.Name));

        Assert.Multiple(() =>
        {
            Assert.That(notVirtual, Is.Empty);
            Assert.That(type.GetConstructor(BindingFlags.NonPublic | BindingFlags.Instance, Type.EmptyTypes), Is.Not.Null.And.Property("IsFamily").True, "protected parameterless constructor for mocks");
        });
    }

    [Test]
    public void Async_io_methods_take_a_cancellation_token_last()
    {
        var missing = new[] { typeof(ComputeClient), typeof(Sandbox), typeof(Execution) }
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(m => m.Name.EndsWith("Async", StringComparison.Ordinal) && m.Name != "DisposeAsync")
            .Where(m => m.GetParameters().LastOrDefault()?.ParameterType != typeof(CancellationToken))
            .Select(m => $"{m.DeclaringType!.Name}.{m.Name}");

        Assert.That(missing, Is.Empty);
    }

    [Test]
    public void Every_exception_derives_from_sockt_exception()
    {
        var exceptions = Sdk.GetExportedTypes().Where(t => typeof(Exception).IsAssignableFrom(t)).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(exceptions, Is.SupersetOf(new[]
            {
                typeof(SocktException), typeof(AuthenticationException), typeof(TopUpFailedException), typeof(RateLimitedException),
                typeof(HostUnreachableException), typeof(NoCapacityException), typeof(SandboxNotRunningException), typeof(ApiException),
            }));
            Assert.That(exceptions, Is.All.Matches<Type>(t => typeof(SocktException).IsAssignableFrom(t)));
        });
    }
}
