using System.Text.Json;
using Granary.Inference;

namespace Granary.Silo.Rest;

/// <summary>
/// The binary tensor data after a request's JSON header (Triton's binary tensor data extension): the inputs
/// that carry <c>parameters.binary_data_size</c> take their bytes from it in order, and together take all of it.
/// </summary>
internal sealed class BinarySection(ReadOnlyMemory<byte> data)
{
    private int _offset;

    public ReadOnlyMemory<byte> Take(string input, JsonElement size)
    {
        var remaining = data.Length - _offset;
        if (size.ValueKind != JsonValueKind.Number || !size.TryGetInt64(out var length) || length < 0)
        {
            throw Invalid(input, $"input '{input}' has binary_data_size {size.GetRawText()}; it must be a non-negative integer");
        }

        if (length > remaining)
        {
            throw Invalid(input, $"input '{input}' has binary_data_size {length}, but only {remaining} bytes of binary data follow the JSON header");
        }

        var slice = data.Slice(_offset, (int)length);
        _offset += (int)length;
        return slice;
    }

    /// <summary>Refuses bytes no input claimed: the header length or a binary_data_size is wrong.</summary>
    public void CheckAllRead()
    {
        if (_offset != data.Length)
        {
            throw Invalid(
                RestInferRequest.HeaderLengthHeader,
                $"{data.Length - _offset} bytes of binary data follow the JSON header that no input's binary_data_size accounts for; check {RestInferRequest.HeaderLengthHeader} and each binary_data_size");
        }
    }

    private static InvalidInferenceRequestException Invalid(string field, string message) => new(message, field);
}
