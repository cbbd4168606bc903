using Google.Protobuf.Reflection;
using Granary.Tests.Infrastructure;
using Grpc.Reflection.V1Alpha;

namespace Granary.Tests.Protocol;

/// <summary>Server reflection (grpcurl's source) describes the admin services, the imports of their REST routes included.</summary>
[Collection(SiloCollection.Name)]
public sealed class ServerReflectionTests(SiloFixture silo)
{
    [Theory]
    [InlineData("granary.v1.Models")]
    [InlineData("granary.v1.Cluster")]
    [InlineData("granary.v1.Tenants")]
    public async Task Reflection_describes_an_admin_service_and_its_google_api_imports(string service)
    {
        var client = new ServerReflection.ServerReflectionClient(silo.Channel);
        using var call = client.ServerReflectionInfo(deadline: DateTime.UtcNow.AddSeconds(30));

        await call.RequestStream.WriteAsync(new ServerReflectionRequest { FileContainingSymbol = service });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None), "reflection answered nothing");
        var files = call.ResponseStream.Current.FileDescriptorResponse?.FileDescriptorProto
            .Select(bytes => FileDescriptorProto.Parser.ParseFrom(bytes).Name)
            .ToArray() ?? [];

        Assert.Contains("google/api/annotations.proto", files);
        Assert.Contains("google/api/http.proto", files);
    }
}
