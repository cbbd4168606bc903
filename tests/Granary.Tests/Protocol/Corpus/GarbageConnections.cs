using System.Net.Sockets;
using System.Text;

namespace Granary.Tests.Protocol.Corpus;

/// <summary>What a broken or hostile client might write to an HTTP/2-only port.</summary>
public static class GarbageConnections
{
    private static readonly byte[] Preface = Encoding.ASCII.GetBytes("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");

    public static IReadOnlyDictionary<string, byte[]> All { get; } = new Dictionary<string, byte[]>
    {
        ["junk_alone"] = Junk(4096),
        ["http1_request"] = Encoding.ASCII.GetBytes("POST /inference.GRPCInferenceService/ModelInfer HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"),
        ["preface_then_junk"] = [.. Preface, .. Junk(4096)],
        ["preface_then_a_frame_over_the_size_limit"] = [.. Preface, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00],
        ["preface_settings_then_data_on_stream_zero"] = [.. Preface, 0, 0, 0, 0x04, 0, 0, 0, 0, 0, 0, 0, 4, 0x00, 0x01, 0, 0, 0, 0, 1, 2, 3, 4],
        ["preface_settings_then_headers_of_garbage_hpack"] = [.. Preface, 0, 0, 0, 0x04, 0, 0, 0, 0, 0, 0, 0, 8, 0x01, 0x05, 0, 0, 0, 1, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF],
        ["half_a_preface"] = [.. Preface[..10], .. Junk(64)],
    };

    /// <summary>
    /// Whether the bytes sent already prove the connection is not HTTP/2. A start that could still be a request
    /// line ("PRI * HTTP" then no line end) is held until a line end or Kestrel's keep-alive timeout; the silo
    /// must keep serving meanwhile.
    /// </summary>
    public static bool IsRefusedAtOnce(string name) => name != "half_a_preface";

    /// <summary>Whether the server ends the connection (EOF or reset) before <paramref name="cancellationToken"/> fires.</summary>
    public static async Task<bool> ClosedByServerAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            do
            {
                read = await stream.ReadAsync(buffer, cancellationToken);
            }
            while (read > 0);

            return true;
        }
        catch (IOException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static byte[] Junk(int length)
    {
        var junk = new byte[length];
        new Random(length).NextBytes(junk);
        // A frame header announcing more than the 16 KiB frame limit, of type DATA: wrong after the preface either way.
        junk[0] = 0xFF;
        junk[3] = 0x00;
        return junk;
    }
}
