using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;

namespace Granary.Tests.Infrastructure;

public static class ApiKeyChannels
{
    /// <summary>A call invoker that sends <c>authorization: Bearer {key}</c> on every call.</summary>
    public static CallInvoker WithApiKey(this GrpcChannel channel, string key) =>
        channel.Intercept(headers =>
        {
            headers.Add("authorization", $"Bearer {key}");
            return headers;
        });
}
