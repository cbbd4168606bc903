namespace Granary.Inference;

/// <summary>Element counts of tensor shapes, safe against negative and overflowing dimensions.</summary>
public static class TensorShape
{
    /// <summary>The number of elements, or false when a dimension is negative or the product passes 2^63 - 1.</summary>
    public static bool TryElementCount(ReadOnlySpan<long> shape, out long count)
    {
        count = 1;
        foreach (var dimension in shape)
        {
            if (dimension < 0)
            {
                return false;
            }

            if (dimension != 0 && count > long.MaxValue / dimension)
            {
                count = 0;
                return false;
            }

            count *= dimension;
        }

        return true;
    }

    /// <summary>The number of elements of a shape that has passed validation.</summary>
    public static long ElementCount(ReadOnlySpan<long> shape) =>
        TryElementCount(shape, out var count) ? count : throw new ArgumentException($"shape [{string.Join(", ", shape.ToArray())}] has no element count", nameof(shape));

    public static string Describe(ReadOnlySpan<long> shape) => "[" + string.Join(", ", shape.ToArray()) + "]";
}
