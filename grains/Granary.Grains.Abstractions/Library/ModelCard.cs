namespace Granary.Library;

/// <summary>
/// A model's card, after "Model Cards for Model Reporting" (Mitchell et al.) and Hugging Face's card metadata.
/// The signature and sha256 are not here: they are read from the file of each version.
/// </summary>
[GenerateSerializer, Immutable, Alias("granary.ModelCard")]
public sealed record ModelCard
{
    [Id(0)] public string Description { get; init; } = "";
    [Id(1)] public string IntendedUse { get; init; } = "";
    [Id(2)] public string OutOfScopeUse { get; init; } = "";
    [Id(3)] public string Limitations { get; init; } = "";
    [Id(4)] public string TrainingData { get; init; } = "";
    [Id(5)] public string EvaluationData { get; init; } = "";
    [Id(6)] public string Metrics { get; init; } = "";
    [Id(7)] public string EthicalConsiderations { get; init; } = "";
    [Id(8)] public string License { get; init; } = "";
    [Id(9)] public string Owner { get; init; } = "";
    [Id(10)] public IReadOnlyList<string> Tags { get; init; } = [];
    [Id(11)] public string BaseModel { get; init; } = "";

    /// <summary>The fields a public model's card must fill, by their wire names.</summary>
    public static IReadOnlyList<string> RequiredForPublic { get; } = ["description", "intended_use", "limitations", "license", "owner"];

    /// <summary>The required fields this card leaves empty, by their wire names.</summary>
    public IReadOnlyList<string> MissingForPublic() =>
        new (string Field, string Value)[]
        {
            ("description", Description),
            ("intended_use", IntendedUse),
            ("limitations", Limitations),
            ("license", License),
            ("owner", Owner),
        }.Where(f => string.IsNullOrWhiteSpace(f.Value)).Select(f => f.Field).ToArray();
}
