using Grpc.Core;

namespace Granary.Client;

/// <summary>
/// The first step of an upload after its header: the server answers with response headers once it admits the header, or
/// ends the call with its refusal, so a refused upload sends none of its file. A refusal is thrown here. If no answer comes
/// within <see cref="Wait"/> (none came once in CI, cause not found), the file is sent anyway, as before the
/// acknowledgement existed: the server reads it either way, so a lost acknowledgement costs that wait, never the call.
/// </summary>
public static class UploadAcknowledgement
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    public static async Task WaitAsync<TRequest, TResponse>(AsyncClientStreamingCall<TRequest, TResponse> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            await call.ResponseHeadersAsync.WaitAsync(Wait).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }
    }
}
