using System.CommandLine;
using Granary.Protocol.V1;

namespace Granary.Cli.Commands;

/// <summary>
/// The quota limits <c>tenants create</c> and <c>quota set</c> take. Each command needs its own instance: an option
/// belongs to the command it is added to.
/// </summary>
internal sealed class QuotaOptions
{
    public Option<double> RequestsPerSecond { get; } = Finite(new Option<double>("--rps")
    {
        Description = "Requests per second the tenant may sustain; 0 takes the plan's limit (unlimited without one), -1 is unlimited on any plan.",
        DefaultValueFactory = _ => 0,
    }.AtLeast(-1.0));

    public Option<int> Burst { get; } = new Option<int>("--burst")
    {
        Description = "Requests the tenant may send at once (the token bucket's size); 0 takes the plan's burst, else one second of --rps.",
        DefaultValueFactory = _ => 0,
    }.AtLeast(-1);

    public Option<long> UnitsPerMinute { get; } = new Option<long>("--units-per-minute")
    {
        Description = "Input tensor elements per minute, summed over a request's inputs; 0 takes the plan's limit (unlimited without one), -1 is unlimited on any plan.",
        DefaultValueFactory = _ => 0,
    }.AtLeast(-1L);

    public Option<int> MaxConcurrent { get; } = new Option<int>("--max-concurrent")
    {
        Description = "Requests the tenant may have in flight at once; 0 takes the plan's limit (unlimited without one), -1 is unlimited on any plan.",
        DefaultValueFactory = _ => 0,
    }.AtLeast(-1);

    public Option<long> MonthlyUnits { get; } = new Option<long>("--monthly-units")
    {
        Description = "Input tensor elements per calendar month (UTC); 0 takes the plan's limit (unlimited without one), -1 is unlimited on any plan.",
        DefaultValueFactory = _ => 0,
    }.AtLeast(-1L);

    public void AddTo(Command command)
    {
        command.Options.Add(RequestsPerSecond);
        command.Options.Add(Burst);
        command.Options.Add(UnitsPerMinute);
        command.Options.Add(MaxConcurrent);
        command.Options.Add(MonthlyUnits);
    }

    public QuotaLimits ToLimits(ParseResult parseResult) => new()
    {
        RequestsPerSecond = parseResult.GetValue(RequestsPerSecond),
        Burst = parseResult.GetValue(Burst),
        UnitsPerMinute = parseResult.GetValue(UnitsPerMinute),
        MaxConcurrent = parseResult.GetValue(MaxConcurrent),
        MonthlyUnits = parseResult.GetValue(MonthlyUnits),
    };

    // double parses "NaN" and "Infinity", which pass a lower bound but are no rate.
    private static Option<double> Finite(Option<double> option)
    {
        option.Validators.Add(result =>
        {
            if (!double.IsFinite(result.GetValueOrDefault<double>()))
            {
                result.AddError($"{option.Name} must be a finite number.");
            }
        });
        return option;
    }
}
