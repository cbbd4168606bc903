using System.Net;
using System.Text.Json;
using Granary.Protocol.Inference;
using Granary.Tests.Infrastructure;
using Grpc.Core;

namespace Granary.Tests.Protocol.Corpus;

/// <summary>Sends corpus cases over the silo's real ports and reads back the status and message each got.</summary>
public static class BadInputCalls
{
    /// <summary>The status and message of a refused call; an OK answer is allowed only for an empty batch.</summary>
    public static async Task<(StatusCode Code, string Message)> SendGrpcAsync(SiloFixture silo, GrpcBadInput bad)
    {
        try
        {
            var response = await silo.Inference.ModelInferAsync(bad.Build(), deadline: DateTime.UtcNow.AddSeconds(30));
            Assert.True(bad.EmptyBatch, $"a malformed request was answered OK with {response.Outputs.Count} outputs");
            Assert.All(response.Outputs, o => Assert.Equal(0, o.Shape[0]));
            return (bad.Expected, bad.Says);
        }
        catch (RpcException e)
        {
            return (e.StatusCode, e.Status.Detail);
        }
    }

    public static async Task<(HttpStatusCode Status, string Message)> SendRestAsync(HttpClient client, RestBadInput bad)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, bad.Path) { Content = bad.Content() };

        // As curl does for a large body: the silo can refuse it on its Content-Length before any of it is sent.
        request.Headers.ExpectContinue = request.Content.Headers.ContentLength > SiloFixture.MaxMessageBytes;
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode == HttpStatusCode.OK)
        {
            Assert.True(bad.EmptyBatch, $"a malformed request to {bad.Path} was answered 200: {body}");
            Assert.All(JsonDocument.Parse(body).RootElement.GetProperty("outputs").EnumerateArray(), o => Assert.Equal(0, o.GetProperty("shape")[0].GetInt64()));
            return (bad.Expected, bad.Says);
        }

        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/json", $"{(int)response.StatusCode} from {bad.Path} has no JSON error: '{body}'");
        var message = JsonDocument.Parse(body).RootElement.GetProperty("error").GetString();
        Assert.False(string.IsNullOrWhiteSpace(message), $"{(int)response.StatusCode} from {bad.Path} has an empty error message");
        return (response.StatusCode, message!);
    }

    public static async Task AssertStillServingAsync(SiloFixture silo)
    {
        Assert.True((await silo.Inference.ServerReadyAsync(new ServerReadyRequest())).Ready, "the silo is not ready after a malformed request");
        var response = await silo.Inference.ModelInferAsync(Requests.RawFp32("mlp-classifier", "input", new float[64], 1, 64));
        Assert.Equal(new long[] { 1, 10 }, response.Outputs[0].Shape.ToArray());
    }
}
