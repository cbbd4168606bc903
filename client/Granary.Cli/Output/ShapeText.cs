namespace Granary.Cli.Output;

/// <summary>Shapes as users write them: <c>[-1, 64]</c>, <c>[]</c> for a scalar.</summary>
internal static class ShapeText
{
    public static string Format(IEnumerable<long> shape) => $"[{string.Join(", ", shape)}]";
}
