using Google.Protobuf;
using Granary.Protocol.V1;
using ModelsClient = Granary.Protocol.V1.Models.ModelsClient;

namespace Granary.Tests.Library;

/// <summary>Uploads over gRPC as a client would: the header, then the file in chunks.</summary>
public static class LibraryUploads
{
    public const int ChunkBytes = 64 * 1024;

    public static async Task<RegisterModelVersionResponse> RegisterAsync(ModelsClient models, ModelUploadHeader header, byte[] file)
    {
        using var call = models.RegisterModelVersion(deadline: DateTime.UtcNow.AddSeconds(60));
        await call.RequestStream.WriteAsync(new RegisterModelVersionRequest { Header = header });
        await Granary.Client.UploadAcknowledgement.WaitAsync(call);
        try
        {
            for (var offset = 0; offset < file.Length; offset += ChunkBytes)
            {
                await call.RequestStream.WriteAsync(new RegisterModelVersionRequest { Chunk = ByteString.CopyFrom(file, offset, Math.Min(ChunkBytes, file.Length - offset)) });
            }

            await call.RequestStream.CompleteAsync();
        }
        catch (Exception e) when (e is InvalidOperationException or Grpc.Core.RpcException or System.Net.Http.HttpProtocolException)
        {
            // The server answered before the whole file went out (a refusal; HTTP/2 may reset the stream under a write):
            // its status is in the response.
        }

        return await call;
    }

    public static ModelUploadHeader Header(string name, ModelCard? card = null, long version = 0) => new()
    {
        Name = name,
        Version = version,
        Card = card ?? new ModelCard { Description = "a private test model" },
        Deployment = new ModelDeploymentRequest { MaxBatchSize = 8 },
    };
}
