namespace Granary.Models;

/// <summary>An input or output a model declares; -1 marks a dynamic dimension.</summary>
[GenerateSerializer, Immutable, Alias("granary.TensorSpec")]
public sealed record TensorSpec(
    [property: Id(0)] string Name,
    [property: Id(1)] string Datatype,
    [property: Id(2)] long[] Shape);
