using Google.Protobuf;
using Granary.Protocol.V1;
using Grpc.Core;

namespace Granary.Client;

/// <summary>The model library (granary.v1.Models): uploads, cards and versions.</summary>
public sealed partial class GranaryClient
{
    /// <summary>The size of one chunk of an upload.</summary>
    public const int UploadChunkBytes = 1 << 20;

    /// <summary>
    /// Uploads <paramref name="file"/> as a version of the model <paramref name="header"/> names, a chunk at a time,
    /// reporting the bytes sent so far to <paramref name="progress"/>. Not retried: an upload is sent once, to the first endpoint.
    /// </summary>
    public async Task<RegisterModelVersionResponse> RegisterModelVersionAsync(
        ModelUploadHeader header, Stream file, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(file);
        using var call = _servers[0].Models.RegisterModelVersion(new CallOptions(_headers, cancellationToken: cancellationToken));
        await call.RequestStream.WriteAsync(new RegisterModelVersionRequest { Header = header }, cancellationToken).ConfigureAwait(false);

        await UploadAcknowledgement.WaitAsync(call).ConfigureAwait(false);
        var buffer = new byte[UploadChunkBytes];
        long sent = 0;
        try
        {
            int read;
            while ((read = await file.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await call.RequestStream.WriteAsync(new RegisterModelVersionRequest { Chunk = ByteString.CopyFrom(buffer, 0, read) }, cancellationToken).ConfigureAwait(false);
                sent += read;
                progress?.Report(sent);
            }

            await call.RequestStream.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or RpcException or HttpProtocolException)
        {
            // The server answered before the whole file went out (a refusal; HTTP/2 may reset the stream under a write):
            // the response carries its status.
        }

        return await call.ResponseAsync.ConfigureAwait(false);
    }

    public Task<ModelInfo> UpdateCardAsync(string name, ModelCard card, CancellationToken cancellationToken = default) =>
        WriteAsync((server, call) => server.Models.UpdateCardAsync(new UpdateCardRequest { Name = name, Card = card }, call), cancellationToken);

    public Task<DeleteModelVersionResponse> DeleteModelVersionAsync(string name, long version, CancellationToken cancellationToken = default) =>
        WriteAsync((server, call) => server.Models.DeleteModelVersionAsync(new DeleteModelVersionRequest { Name = name, Version = version }, call), cancellationToken);
}
