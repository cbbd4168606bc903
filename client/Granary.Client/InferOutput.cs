namespace Granary.Client;

/// <summary>One output tensor of an inference, its data in the protocol's raw layout whichever encoding the server chose.</summary>
public sealed record InferOutput(string Name, string Datatype, IReadOnlyList<long> Shape, ReadOnlyMemory<byte> Data)
{
    /// <summary>The number of elements the shape holds.</summary>
    public long ElementCount
    {
        get
        {
            long count = 1;
            foreach (var dimension in Shape)
            {
                count *= dimension;
            }

            return count;
        }
    }
}
