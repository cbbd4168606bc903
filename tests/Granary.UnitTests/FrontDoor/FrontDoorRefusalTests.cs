using Granary.FrontDoor;
using Granary.Inference;

namespace Granary.UnitTests.FrontDoor;

/// <summary>A request that does not fit its model is refused before admission, so it is never charged.</summary>
public sealed class FrontDoorRefusalTests
{
    [Fact]
    public async Task A_body_that_does_not_decode_is_refused_before_admission_and_never_charged()
    {
        var harness = new FrontDoorHarness();
        var call = new InferenceCall("iris", "", null, _ =>
        {
            harness.Log.Add("decode");
            throw new InvalidInferenceRequestException("the body is not JSON", "body");
        });

        await Assert.ThrowsAsync<InvalidInferenceRequestException>(() => harness.Door.InferAsync(FrontDoorHarness.Tenant, call, CancellationToken.None));

        Assert.Equal(["authenticate", "get model", "resolve", "decode"], harness.Log.Steps);
        Assert.Empty(harness.Admission.Grain.Received);
    }

    [Fact]
    public async Task An_input_of_the_wrong_datatype_is_refused_before_admission_and_never_charged()
    {
        var harness = new FrontDoorHarness();
        var input = new Tensor("x", "INT64", [1, 4], new byte[4 * sizeof(long)]);

        var error = await Assert.ThrowsAsync<InvalidInferenceRequestException>(
            () => harness.Door.InferAsync(FrontDoorHarness.Tenant, Iris.Call(harness.Log, "iris", input), CancellationToken.None));

        Assert.Equal("x", error.Field);
        Assert.Contains("expects FP32", error.Message, StringComparison.Ordinal);
        Assert.Equal(["authenticate", "get model", "resolve", "decode"], harness.Log.Steps);
        Assert.Empty(harness.Admission.Grain.Received);
    }

    [Fact]
    public async Task A_shape_whose_element_count_overflows_64_bits_is_an_invalid_request()
    {
        var harness = new FrontDoorHarness();
        var input = new Tensor("x", "FP32", [1L << 62, 4], ReadOnlyMemory<byte>.Empty);

        var error = await Assert.ThrowsAsync<InvalidInferenceRequestException>(
            () => harness.Door.InferAsync(FrontDoorHarness.Tenant, Iris.Call(harness.Log, "iris", input), CancellationToken.None));

        Assert.Equal("x", error.Field);
        Assert.Contains("does not fit in 64 bits", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("admit", harness.Log.Steps);
    }

    [Fact]
    public async Task A_missing_input_is_refused_before_admission()
    {
        var harness = new FrontDoorHarness();

        var error = await Assert.ThrowsAsync<InvalidInferenceRequestException>(
            () => harness.Door.InferAsync(FrontDoorHarness.Tenant, Iris.Call(harness.Log, "iris"), CancellationToken.None));

        Assert.Equal("x", error.Field);
        Assert.DoesNotContain("admit", harness.Log.Steps);
    }
}
