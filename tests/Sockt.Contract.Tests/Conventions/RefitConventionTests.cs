using System.Reflection;
using Refit;
using Sockt.Api;
using Sockt.Contract.Tests.Infrastructure;

namespace Sockt.Contract.Tests.Conventions;

/// <summary>Rules every generated Refit method follows (Octokit-style route conventions).</summary>
public sealed class RefitConventionTests
{
    private static IEnumerable<MethodInfo> Methods => GeneratedContract.ApiMethods;

    [Test]
    public void The_interface_is_internal_and_has_one_method_per_operation()
    {
        Assert.That(typeof(ISocktApi).IsPublic, Is.False, "Refit types stay internal");
        Assert.That(GeneratedContract.ApiMethods.Select(method => method.Name), Is.EquivalentTo(new[]
        {
            "ListTiersAsync", "CreateSandboxAsync", "GetSandboxStatusAsync", "TerminateSandboxAsync",
            "StartExecutionAsync", "GetExecutionResultAsync", "CancelExecutionAsync", "WriteFileAsync",
            "ReadFileAsync", "ListFilesAsync", "PauseSandboxAsync", "ResumeSandboxAsync", "GetShellUrlAsync",
        }));
    }

    [TestCaseSource(nameof(Methods))]
    public void Method_has_one_verb_and_a_rooted_route(MethodInfo method)
    {
        var verbs = method.GetCustomAttributes<HttpMethodAttribute>().ToList();

        Assert.That(verbs, Has.Count.EqualTo(1));
        Assert.That(verbs[0].Path, Does.StartWith("/v1/"), "Refit rejects routes without a leading '/' at the first call");
    }

    [TestCaseSource(nameof(Methods))]
    public void Method_is_async_non_generic_and_ends_with_an_optional_cancellation_token(MethodInfo method)
    {
        var parameters = method.GetParameters();

        Assert.That(method.Name, Does.EndWith("Async"));
        Assert.That(method.IsGenericMethod, Is.False, "generic methods need Refit.Reflection (RF006)");
        Assert.That(method.ReturnType.IsGenericType && method.ReturnType.GetGenericTypeDefinition() == typeof(Task<>), Is.True);
        Assert.That(parameters[^1].ParameterType, Is.EqualTo(typeof(CancellationToken)));
        Assert.That(parameters[^1].Name, Is.EqualTo("cancellationToken"));
        Assert.That(parameters[^1].HasDefaultValue, Is.True);
        Assert.That(parameters[..^1].Select(parameter => parameter.ParameterType), Has.None.EqualTo(typeof(CancellationToken)));
    }

    [TestCaseSource(nameof(Methods))]
    public void Every_non_body_parameter_has_its_wire_name_and_every_route_placeholder_is_bound(MethodInfo method)
    {
        var route = GeneratedContract.Verb(method)!.Path;
        var aliases = new List<string>();
        foreach (var parameter in method.GetParameters()[..^1])
        {
            if (parameter.GetCustomAttribute<BodyAttribute>() is not null)
            {
                continue;
            }

            var alias = parameter.GetCustomAttribute<AliasAsAttribute>();
            Assert.That(alias, Is.Not.Null, $"{parameter.Name} needs [AliasAs(\"wire_name\")]");
            Assert.That(parameter.Name, Does.Match("^[a-z][A-Za-z0-9]*$"), "parameters are lowerCamelCase");
            aliases.Add(alias!.Name);
        }

        var placeholders = System.Text.RegularExpressions.Regex.Matches(route, "{([^}]+)}").Select(match => match.Groups[1].Value);
        Assert.That(aliases, Is.SupersetOf(placeholders));
    }

    [TestCaseSource(nameof(Methods))]
    public void At_most_one_body_and_only_on_post_or_delete(MethodInfo method)
    {
        var bodies = method.GetParameters().Where(parameter => parameter.GetCustomAttribute<BodyAttribute>() is not null).ToList();

        Assert.That(bodies, Has.Count.LessThanOrEqualTo(1));
        if (bodies.Count == 1)
        {
            Assert.That(GeneratedContract.Verb(method)!.Method, Is.AnyOf(HttpMethod.Post, HttpMethod.Delete));
        }
    }
}
