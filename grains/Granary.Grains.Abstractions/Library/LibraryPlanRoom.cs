namespace Granary.Library;

/// <summary>How many models and bytes a tenant's plan lets its library hold.</summary>
[GenerateSerializer, Immutable, Alias("granary.LibraryPlanRoom")]
public sealed record LibraryPlanRoom([property: Id(0)] int MaxModels, [property: Id(1)] long MaxBytes);
