namespace Granary.Inference;

/// <summary>Tensor data that does not fit its datatype or shape: the message names the tensor, <see cref="Field"/> is its name.</summary>
public sealed class TensorFormatException(string message, string field) : Exception(message)
{
    public string Field { get; } = field;
}
