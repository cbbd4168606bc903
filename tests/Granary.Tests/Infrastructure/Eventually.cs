namespace Granary.Tests.Infrastructure;

/// <summary>Waits on a condition, not a clock: polls it until true or the bound runs out.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan within, string what)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Grpc.Core.RpcException) when (DateTime.UtcNow < deadline)
            {
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"waited {within.TotalSeconds:0} s for {what}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }

    /// <summary>Waits until the call fails with the status code, polling within the bound; the bound is the assertion.</summary>
    public static Task FailsWithinAsync(Func<Task> call, Grpc.Core.StatusCode code, TimeSpan within) =>
        TrueAsync(
            async () =>
            {
                try
                {
                    await call();
                    return false;
                }
                catch (Grpc.Core.RpcException e) when (e.StatusCode == code)
                {
                    return true;
                }
            },
            within,
            $"the call to fail with {code}");
}
