using System.IO.Pipelines;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Sockt.Emulator.Http;

/// <summary>Puts <see cref="ServerErrorEnvelopeStream"/> on every connection's output, so that no 4xx goes out without the envelope.</summary>
internal static class ServerErrorEnvelopes
{
    public static void Use(ListenOptions listen) => listen.Use(next => async connection =>
    {
        var transport = connection.Transport;
        var output = PipeWriter.Create(new ServerErrorEnvelopeStream(transport.Output.AsStream()));
        connection.Transport = new ConnectionPipe(transport.Input, output);
        try
        {
            await next(connection);
        }
        finally
        {
            await output.CompleteAsync();
            connection.Transport = transport;
        }
    });

    private sealed class ConnectionPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
