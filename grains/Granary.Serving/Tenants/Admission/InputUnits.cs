namespace Granary.Tenants.Admission;

/// <summary>
/// The units a request is charged: input tensor elements, the product of each input's shape summed over its
/// inputs (a BYTES input counts its strings). Known before the model runs, so it is charged up front.
/// </summary>
public static class InputUnits
{
    public static long Of(IEnumerable<IReadOnlyList<long>> inputShapes) =>
        inputShapes.Sum(shape => shape.Aggregate(1L, (product, dimension) => product * Math.Max(0, dimension)));
}
