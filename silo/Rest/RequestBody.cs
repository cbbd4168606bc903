using Microsoft.AspNetCore.Http.Features;

namespace Granary.Silo.Rest;

/// <summary>Reads a whole request body, no larger than the message limit gRPC has too.</summary>
internal static class RequestBody
{
    /// <summary>
    /// The body's bytes. Past <paramref name="limit"/>, Kestrel stops reading and throws its
    /// BadHttpRequestException with status 413, which the REST error writer answers as it is.
    /// </summary>
    public static async ValueTask<ReadOnlyMemory<byte>> ReadAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }

        using var buffer = request.ContentLength is { } length and <= int.MaxValue ? new MemoryStream((int)length) : new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }
}
