using Granary.Tests.Infrastructure;

namespace Granary.Tests.Tenants;

/// <summary>
/// A silo of its own for tests that flood it with bad keys: the failures they make from 127.0.0.1 would
/// throttle the other collections' callers on a shared silo. The throttle is stated, not left to defaults.
/// </summary>
[CollectionDefinition(Name)]
public sealed class AbuseCollection : ICollectionFixture<AbuseSiloFixture>
{
    public const string Name = "abuse";

    public const int FailedBurst = 40;

    public const int FailedPerSecond = 20;
}

public sealed class AbuseSiloFixture : IAsyncLifetime
{
    public SiloFixture Silo { get; } = new()
    {
        ExtraArguments =
        [
            $"--Granary:Auth:FailedPerSecondPerAddress={AbuseCollection.FailedPerSecond}",
            $"--Granary:Auth:FailedBurstPerAddress={AbuseCollection.FailedBurst}",
        ],
    };

    public Task InitializeAsync() => Silo.InitializeAsync();

    public Task DisposeAsync() => Silo.DisposeAsync();
}
