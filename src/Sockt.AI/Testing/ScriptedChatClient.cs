using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Sockt.AI.Testing;

/// <summary>
/// A chat client that needs no model and no network: each turn, the next step of a script looks at the conversation
/// so far and answers, typically by calling a tool (<see cref="CallTool"/>) or by replying (<see cref="Reply"/>). Wrap
/// it in a <c>FunctionInvokingChatClient</c> to test an agent's tool use offline, then swap in a real model's client.
/// </summary>
/// <example>
/// <code>
/// var script = new ScriptedChatClient(
///     _ => ScriptedChatClient.CallTool("run_command", new() { ["command"] = "echo $((6*7))" }),
///     conversation => ScriptedChatClient.Reply("The answer is " + ScriptedChatClient.LastToolResult(conversation)?.GetProperty("stdout")));
/// </code>
/// </example>
public sealed class ScriptedChatClient : IChatClient
{
    private static long callCounter;

    private readonly Lock gate = new();
    private readonly Queue<Func<IReadOnlyList<ChatMessage>, ChatMessage>> steps;
    private readonly List<IReadOnlyList<ChatMessage>> conversations = [];

    /// <summary>Creates a client that plays <paramref name="steps"/>, one per turn, in order.</summary>
    /// <param name="steps">Each turn's answer, given the conversation so far (tool results included).</param>
    public ScriptedChatClient(params IEnumerable<Func<IReadOnlyList<ChatMessage>, ChatMessage>> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        this.steps = new Queue<Func<IReadOnlyList<ChatMessage>, ChatMessage>>(steps);
    }

    /// <summary>The conversation each turn was shown, in order: what the "model" saw, tool results included.</summary>
    public IReadOnlyList<IReadOnlyList<ChatMessage>> Conversations
    {
        get
        {
            lock (gate)
            {
                return [.. conversations];
            }
        }
    }

    /// <summary>An assistant message that calls one tool.</summary>
    /// <param name="name">The tool's name.</param>
    /// <param name="arguments">Its arguments (null for none).</param>
    /// <returns>The message.</returns>
    public static ChatMessage CallTool(string name, IDictionary<string, object?>? arguments = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var callId = "call_" + Interlocked.Increment(ref callCounter).ToString(CultureInfo.InvariantCulture);
        return new ChatMessage(ChatRole.Assistant, [new FunctionCallContent(callId, name, arguments ?? new Dictionary<string, object?>())]);
    }

    /// <summary>An assistant message with text only, which ends the tool loop.</summary>
    /// <param name="text">The reply.</param>
    /// <returns>The message.</returns>
    public static ChatMessage Reply(string text) => new(ChatRole.Assistant, text);

    /// <summary>The result of the most recent tool call in <paramref name="conversation"/> as JSON, or null if there is none.</summary>
    /// <param name="conversation">A conversation a step was given.</param>
    /// <returns>The result's JSON (the Sockt tools return JSON objects).</returns>
    public static JsonElement? LastToolResult(IReadOnlyList<ChatMessage> conversation)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var result = conversation.SelectMany(m => m.Contents).OfType<FunctionResultContent>().LastOrDefault()?.Result;
        return result switch
        {
            null => null,
            JsonElement element => element,
            string text => JsonSerializer.SerializeToElement(text),
            _ => JsonSerializer.SerializeToElement(result, AIJsonUtilities.DefaultOptions),
        };
    }

    /// <inheritdoc />
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        cancellationToken.ThrowIfCancellationRequested();
        Func<IReadOnlyList<ChatMessage>, ChatMessage> step;
        var conversation = messages.ToList();
        lock (gate)
        {
            if (!steps.TryDequeue(out step!))
            {
                throw new InvalidOperationException($"The script has no step left for turn {conversations.Count + 1}.");
            }

            conversations.Add(conversation);
        }

        return Task.FromResult(new ChatResponse(step(conversation)));
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
