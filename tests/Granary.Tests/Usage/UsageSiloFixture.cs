using Granary.Models.Repository;
using Granary.Protocol.Inference;
using Granary.Protocol.V1;
using Granary.Silo.Hosting;
using Granary.Tests.Infrastructure;
using Granary.Tests.Tenants;
using Granary.Usage;
using UsageClient = Granary.Protocol.V1.Usage.UsageClient;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using TenantsClient = Granary.Protocol.V1.Tenants.TenantsClient;

namespace Granary.Tests.Usage;

/// <summary>
/// One silo in this process whose usage store is an <see cref="InMemoryUsageStore"/> with known rows for two
/// tenants: <see cref="PlainTenant"/> on an unconfigured plan pays the echo model's own price (USD);
/// <see cref="GoldTenant"/> on the "gold" plan pays the plan's echo price (EUR). The text embedder has no price.
/// </summary>
public sealed class UsageSiloFixture : IAsyncLifetime
{
    public const string AdminKey = "usage-admin-key-0123456789";
    public const string GoldPlan = "gold";
    public const double GoldRequestsPerSecond = 5;
    public const string Priced = DemoRepository.Echo;
    public const string Unpriced = DemoRepository.TextEmbedder;

    public static readonly DateTimeOffset Day1 = new(2026, 11, 29, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Day2 = Day1.AddDays(1);

    private WebApplication? _app;

    private string Root { get; } = Path.Combine(Path.GetTempPath(), "granary-tests", Guid.NewGuid().ToString("N"));

    public InMemoryUsageStore Store { get; } = new();

    public string PlainTenant { get; } = TenantSetup.UniqueId("plain");

    public string GoldTenant { get; } = TenantSetup.UniqueId("gold");

    public string PlainKey { get; private set; } = "";

    public string GoldKey { get; private set; } = "";

    public string GrpcAddress { get; private set; } = "";

    public GrpcChannel Channel { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public TenantsClient AdminTenants => new(Channel.WithApiKey(AdminKey));

    public UsageClient UsageAs(string key) => new(Channel.WithApiKey(key));

    /// <summary>The rows the store holds: what every report is checked against.</summary>
    public IReadOnlyList<UsageRow> Rows { get; private set; } = [];

    public async Task InitializeAsync()
    {
        var models = Path.Combine(Root, "models");
        DemoRepository.EnsureCreated(models);
        var echo = ModelConfigFile.Read(ModelRepositoryLayout.ConfigPath(models, Priced));
        echo.Deployment.Price = new PriceConfig { Currency = "USD", PerRequest = 0.01m, Per1kUnitsIn = 0.5m };
        ModelConfigFile.Write(echo, ModelRepositoryLayout.ConfigPath(models, Priced));
        var grpcPort = FreePorts.Next();
        var httpPort = FreePorts.Next();
        _app = GranarySiloHost.Build(
        [
            .. TestSiloArguments.For(grpcPort, httpPort, models, Path.Combine(Root, ".state"), AdminKey),
            $"--Granary:Plans:{GoldPlan}:Quota:RequestsPerSecond={GoldRequestsPerSecond}",
            $"--Granary:Plans:{GoldPlan}:Prices:Models:{Priced}:Currency=EUR",
            $"--Granary:Plans:{GoldPlan}:Prices:Models:{Priced}:PerRequest=0.002",
        ], services => services.AddSingleton<IUsageStore>(Store));
        await _app.StartAsync();
        GrpcAddress = $"http://127.0.0.1:{grpcPort}";
        Channel = GrpcChannel.ForAddress(GrpcAddress);
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(30) };
        var inference = new GRPCInferenceService.GRPCInferenceServiceClient(Channel);
        await Eventually.TrueAsync(async () => (await inference.ServerReadyAsync(new ServerReadyRequest())).Ready, TimeSpan.FromSeconds(60), "the silo to be ready");

        await AdminTenants.CreateTenantAsync(new CreateTenantRequest { Id = PlainTenant, Plan = "unconfigured", Quota = new QuotaLimits() });
        await AdminTenants.CreateTenantAsync(new CreateTenantRequest { Id = GoldTenant, Plan = GoldPlan, Quota = new QuotaLimits() });
        PlainKey = (await AdminTenants.IssueApiKeyAsync(new IssueApiKeyRequest { TenantId = PlainTenant, Name = "a" })).Secret;
        GoldKey = (await AdminTenants.IssueApiKeyAsync(new IssueApiKeyRequest { TenantId = GoldTenant, Name = "b" })).Secret;
        Rows =
        [
            Row(PlainTenant, Day1, Priced, "ka1", requests: 10, errors: 0, unitsIn: 2000),
            Row(PlainTenant, Day1, Priced, "ka2", requests: 3, errors: 0, unitsIn: 1000),
            Row(PlainTenant, Day1, Priced, "ka2", requests: 1, errors: 1, unitsIn: 0),
            Row(PlainTenant, Day1.AddHours(5), Priced, "ka1", requests: 1, errors: 0, unitsIn: 0),
            Row(PlainTenant, Day2, Unpriced, "ka1", requests: 5, errors: 0, unitsIn: 500),
            Row(PlainTenant, Day2, Priced, "ka3", requests: 2, errors: 2, unitsIn: 0),
            Row(GoldTenant, Day1, Priced, "kb1", requests: 10, errors: 0, unitsIn: 4000),
            Row(GoldTenant, Day2, Unpriced, "kb1", requests: 7, errors: 0, unitsIn: 70),
        ];
        Store.Add([.. Rows]);
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        Channel?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Directory.Delete(Root, recursive: true);
    }

    private static UsageRow Row(string tenant, DateTimeOffset at, string model, string key, long requests, long errors, long unitsIn) =>
        new(tenant, at, model, "1", key, errors == 0 ? UsageStatus.Ok : UsageStatus.InvalidArgument, requests, errors, unitsIn, unitsIn / 2, requests * 1.5, 0m, "");
}

[CollectionDefinition(Name)]
public sealed class UsageSiloCollection : ICollectionFixture<UsageSiloFixture>
{
    public const string Name = "usage-silo";
}
