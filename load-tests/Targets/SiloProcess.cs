using System.Globalization;
using System.Reflection;

namespace Granary.LoadTests.Targets;

/// <summary>
/// Starts a Granary silo as a child process on free loopback ports, serving one model repository, with its state in
/// the run's work directory. Auth is off unless the run calls as a tenant; then the silo gets a fresh admin key, and
/// once it is ready the tenant is created and its key handed back with the server.
/// </summary>
public static class SiloProcess
{
    private const string SiloAssembly = "Granary.Silo.dll";

    /// <param name="settings">More silo settings, as <c>--Granary:…=value</c> arguments.</param>
    public static Task<RunningServer> StartAsync(
        BenchmarkOptions options, string repositoryPath, string workDirectory, CancellationToken cancellationToken, IEnumerable<string>? settings = null) =>
        StartAsync(options, repositoryPath, workDirectory, options.WithTenant ? new SiloAccess(BenchmarkTenant.NewAdminKey(), null) : null, settings ?? [], cancellationToken);

    /// <summary>
    /// Starts one silo of several: <paramref name="access"/> null runs it with auth off; otherwise with its admin key, and
    /// the tenant is created through this silo unless <see cref="SiloAccess.TenantKey"/> says another silo did.
    /// </summary>
    public static async Task<RunningServer> StartAsync(
        BenchmarkOptions options, string repositoryPath, string workDirectory, SiloAccess? access, IEnumerable<string> settings,
        CancellationToken cancellationToken)
    {
        var silo = Locate(options.SiloPath);
        var adminKey = access?.AdminKey;
        Directory.CreateDirectory(workDirectory);
        var ports = FreePorts.Take(5);
        string[] arguments =
        [
            silo,
            Setting("Grpc:Port", ports[0]),
            Setting("Orleans:SiloPort", ports[1]),
            Setting("Orleans:GatewayPort", ports[2]),
            Setting("Http:Port", ports[3]),

            // The silo has also read its HTTP port from the gRPC section; both keys keep it off the default 8080.
            Setting("Grpc:HttpPort", ports[3]),
            Setting("Telemetry:MetricsPort", ports[4]),
            $"--Granary:Repository:Path={repositoryPath}",
            "--Granary:Repository:DemoModels=false",
            $"--Granary:State:Path={Path.Combine(workDirectory, "state")}",
            .. Auth(adminKey),
            .. settings,
        ];

        // The silo's own directory is its content root, so it finds its appsettings.json.
        var process = ChildProcess.Start(
            "silo", "dotnet", arguments, Path.GetDirectoryName(silo)!, Path.Combine(workDirectory, "silo.log"));
        var address = new Uri($"http://127.0.0.1:{ports[0]}");
        try
        {
            await ServerReadiness.WaitAsync(
                process, address, options.Model, options.ModelVersion, adminKey, TimeSpan.FromSeconds(options.StartupTimeoutSeconds), cancellationToken);
            var tenantKey = adminKey is null ? null : access?.TenantKey ?? await BenchmarkTenant.CreateAsync(address, adminKey, cancellationToken);
            return new RunningServer(process, address, tenantKey, new Uri($"http://127.0.0.1:{ports[3]}/"));
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Without an admin key, auth off: the serving path alone. With one, auth on and no bootstrap, whose first-start
    /// admin key and demo tenant the benchmark would not use.
    /// </summary>
    private static string[] Auth(string? adminKey) =>
        adminKey is null
            ? ["--Granary:Auth:Enabled=false"]
            : ["--Granary:Auth:Enabled=true", $"--Granary:Auth:AdminKeys:0={adminKey}", "--Granary:Auth:Bootstrap=false"];

    private static string Setting(string key, int port) => $"--Granary:{key}={port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The configured silo, else the one built with the same configuration as these load tests.</summary>
    public static string Locate(string? configured)
    {
        if (configured is not null)
        {
            return File.Exists(configured)
                ? Path.GetFullPath(configured)
                : throw new FileNotFoundException($"--silo {configured} does not exist.");
        }

        var configuration = typeof(SiloProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var root = RepositoryRoot.Find()
            ?? throw new InvalidOperationException("Cannot find the Granary checkout to locate the silo; pass --silo PATH to Granary.Silo.dll.");
        var silo = Path.Combine(root, "silo", "bin", configuration, "net10.0", SiloAssembly);
        return File.Exists(silo)
            ? silo
            : throw new FileNotFoundException(
                $"No silo at {silo}: build it (dotnet build load-tests -c {configuration} builds it too), pass --silo PATH, or use --skip-granary.");
    }
}
