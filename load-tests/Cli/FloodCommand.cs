using System.CommandLine;
using Granary.LoadTests.Abuse;

namespace Granary.LoadTests.Cli;

/// <summary>The <c>flood</c> subcommand: what floods of bad API keys cost an embedded silo (see <see cref="BadKeyFlood"/>).</summary>
public static class FloodCommand
{
    public static Command Create()
    {
        var defaults = new FloodOptions();
        var keys = new Option<int>("--keys") { Description = "Random keys for the memory and CPU figures.", DefaultValueFactory = _ => defaults.Keys };
        var rate = new Option<int>("--bad-key-rate") { Description = "Bad-key calls per second during the tenant's measurement.", DefaultValueFactory = _ => defaults.Rate };
        var duration = new Option<double>("--duration") { Description = "Seconds of each tenant measurement.", DefaultValueFactory = _ => defaults.Duration.TotalSeconds };
        var tenant = new Option<int>("--tenant-concurrency") { Description = "The tenant's callers in flight.", DefaultValueFactory = _ => defaults.TenantConcurrency };
        var throttle = new Option<double>("--failed-per-second") { Description = "The silo's Granary:Auth:FailedPerSecondPerAddress; 0 turns the throttles off (KeyLookupsPerSecond too).", DefaultValueFactory = _ => defaults.FailedPerSecond };
        var badChecksum = new Option<bool>("--bad-checksum") { Description = "Send keys whose checksum fails (refused before the key lookup) instead of well-formed unknown keys." };
        var silo = new Option<string>("--silo") { Description = "Granary.Silo.dll to start; default the one built alongside." };
        var command = new Command("flood", "Memory, CPU and a tenant's p99 under a flood of random API keys against an embedded silo.");
        foreach (var option in new Option[] { keys, rate, duration, tenant, throttle, badChecksum, silo })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (result, cancellationToken) =>
        {
            if (result.GetValue(keys) < 1 || result.GetValue(rate) < 1 || result.GetValue(tenant) < 1 || !(result.GetValue(duration) > 0) || result.GetValue(throttle) < 0)
            {
                await Console.Error.WriteLineAsync("--keys, --bad-key-rate, --tenant-concurrency and --duration must be positive, --failed-per-second zero or more.");
                return 2;
            }

            return await new BadKeyFlood(new FloodOptions
            {
                Keys = result.GetValue(keys),
                Rate = result.GetValue(rate),
                Duration = TimeSpan.FromSeconds(result.GetValue(duration)),
                TenantConcurrency = result.GetValue(tenant),
                FailedPerSecond = result.GetValue(throttle),
                ValidChecksum = !result.GetValue(badChecksum),
                SiloPath = result.GetValue(silo),
            },
            Console.Out).RunAsync(cancellationToken);
        });
        return command;
    }
}
