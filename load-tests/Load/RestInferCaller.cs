using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Granary.LoadTests.Load;

/// <summary>
/// KServe v2 REST infer calls (<c>POST /v2/models/{m}/infer</c>) over one shared HTTP/1.1 client, with bodies built
/// once (<see cref="RestRequestBodies"/>). A non-2xx answer counts as <c>Http&lt;status&gt;</c>, as a failed gRPC call
/// counts as its status code; an answer without the whole output counts as incomplete.
/// </summary>
public sealed class RestInferCaller(HttpClient http, RestRequestBodies bodies) : InferCaller
{
    private const string HeaderLengthHeader = RestRequestBodies.HeaderLengthHeader;

    public override int Rows => bodies.Rows;

    /// <summary>
    /// The client every REST caller of a target shares: HTTP/1.1 carries one request per connection, so it may open
    /// as many connections as there are callers. The API key, if any, is sent on every request.
    /// </summary>
    public static HttpClient CreateClient(Uri address, int maxCallers, string? apiKey)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = Math.Max(maxCallers, 1) + 16,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        var client = new HttpClient(handler, disposeHandler: true)
        {
            BaseAddress = address,
            Timeout = Timeout.InfiniteTimeSpan,
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("authorization", $"Bearer {apiKey}");
        }

        return client;
    }

    public override async Task<string?> CallAsync(long sequence, int? caller, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, bodies.Path) { Content = bodies.Content(sequence) };
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return string.Create(CultureInfo.InvariantCulture, $"Http{(int)response.StatusCode}");
            }

            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            return IsComplete(response, body) ? null : IncompleteResponse;
        }
        catch (HttpRequestException)
        {
            return "HttpRequestError";
        }
        catch (OperationCanceledException)
        {
            return "Cancelled";
        }
    }

    private bool IsComplete(HttpResponseMessage response, byte[] body)
    {
        if (response.Headers.TryGetValues(HeaderLengthHeader, out var values)
            && int.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var headerLength))
        {
            return body.Length - headerLength == bodies.ExpectedOutputBytes;
        }

        return !bodies.Binary && CountDataValues(body) == bodies.ExpectedOutputValues;
    }

    /// <summary>The numbers in the answer's <c>data</c> arrays: a JSON answer carries the whole output when they are all there.</summary>
    private static int CountDataValues(byte[] body)
    {
        var reader = new Utf8JsonReader(body);
        var count = 0;
        var inData = false;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    inData = reader.ValueTextEquals("data"u8);
                    break;
                case JsonTokenType.Number when inData:
                    count++;
                    break;
                case JsonTokenType.EndArray:
                    inData = false;
                    break;
            }
        }

        return count;
    }
}
