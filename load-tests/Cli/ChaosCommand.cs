using System.CommandLine;
using Granary.LoadTests.Chaos;

namespace Granary.LoadTests.Cli;

/// <summary>The <c>chaos</c> subcommand: faults injected into a three-silo cluster under load (see <see cref="ChaosRunner"/>).</summary>
public static class ChaosCommand
{
    public static Command Create()
    {
        var defaults = new ChaosOptions();
        var scenarios = new Option<string[]>("--scenario")
        {
            Description = $"Scenarios to run, comma separated or repeated: {string.Join(", ", ChaosOptions.AllScenarios.Select(s => s.Name()))}; default all.",
            CustomParser = result => [.. result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))],
        };
        var duration = new Option<double>("--duration") { Description = "Seconds of load from each fault on, its recovery included.", DefaultValueFactory = _ => defaults.Duration.TotalSeconds };
        var silo = new Option<string>("--silo") { Description = "Granary.Silo.dll to start; default the one built alongside." };
        var keep = new Option<bool>("--keep-logs") { Description = "Keep the run's folder with the silo and Redis logs." };
        var command = new Command("chaos", "Kill, hang, drain, restart and partition silos and restart Redis under load from several tenants; report what clients saw.");
        foreach (var option in new Option[] { scenarios, duration, silo, keep })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (result, cancellationToken) =>
        {
            var chosen = new List<ChaosScenario>();
            foreach (var name in result.GetValue(scenarios) ?? [])
            {
                if (!ChaosScenarioNames.TryParse(name, out var scenario))
                {
                    await Console.Error.WriteLineAsync($"--scenario: no scenario '{name}'; choose from {string.Join(", ", ChaosOptions.AllScenarios.Select(s => s.Name()))}.");
                    return 2;
                }

                chosen.Add(scenario);
            }

            var options = defaults with
            {
                Scenarios = chosen.Count > 0 ? chosen : ChaosOptions.AllScenarios,
                Duration = TimeSpan.FromSeconds(result.GetValue(duration)),
                SiloPath = result.GetValue(silo),
                KeepWorkDirectory = result.GetValue(keep),
            };
            if (options.Problem() is { } problem)
            {
                await Console.Error.WriteLineAsync(problem);
                return 2;
            }

            var results = await new ChaosRunner(options, Console.Out).RunAsync(cancellationToken);
            await Console.Out.WriteLineAsync(ChaosTable.Format(results));
            return 0;
        });
        return command;
    }
}
