namespace Granary.Tests.Processes;

/// <summary>Tests that start silo processes run one at a time: each cluster wants the machine's cores to itself.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessClusterCollection
{
    public const string Name = "process cluster";
}
