using Granary.Inference;

namespace Granary.Tenants.Admission;

/// <summary>
/// The units a request is charged: input tensor elements, the product of each input's shape summed over its
/// inputs (a BYTES input counts its strings). Known before the model runs, so it is charged up front.
/// </summary>
public static class InputUnits
{
    public static long Of(IReadOnlyList<Tensor> inputs)
    {
        long units = 0;
        foreach (var input in inputs)
        {
            units += TensorShape.ElementCount(input.Shape);
        }

        return units;
    }
}
