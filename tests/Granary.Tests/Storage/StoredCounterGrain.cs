namespace Granary.Tests.Storage;

[Alias("Granary.Tests.Storage.IStoredCounterGrain")]
public interface IStoredCounterGrain : IGrainWithStringKey
{
    [Alias("Add")]
    Task Add(int amount);

    [Alias("Count")]
    Task<int> Count();
}

[GenerateSerializer, Alias("Granary.Tests.Storage.CounterState")]
public sealed record CounterState([property: Id(0)] int Count);

/// <summary>A counter kept in the default grain storage, to prove that storage outlives a silo.</summary>
public sealed class StoredCounterGrain([PersistentState("counter")] IPersistentState<CounterState> state) : Grain, IStoredCounterGrain
{
    public async Task Add(int amount)
    {
        state.State = state.State with { Count = state.State.Count + amount };
        await state.WriteStateAsync();
    }

    public Task<int> Count() => Task.FromResult(state.State.Count);
}
