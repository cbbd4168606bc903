using Granary.FrontDoor;
using Granary.Inference;
using Granary.Models;

namespace Granary.UnitTests.FrontDoor;

/// <summary>A small model for front-door tests: FP32 x [-1, 4] in, FP32 y [-1, 3] out, one ready version.</summary>
public static class Iris
{
    public static DeploymentSpec Deployment { get; } = new(
        1, 1, 1, 8, 0, [], 64, "cpu", 1, 1, 0, [], new AutoscalingSpec(0, TimeSpan.Zero, TimeSpan.Zero));

    public static ModelDescriptor Model(string name = "iris", params string[] tenants) => new(
        name,
        "",
        "",
        "",
        Deployment,
        [new ModelVersionDescriptor(1, ModelVersionState.Ready, "", [new TensorSpec("x", "FP32", [-1, 4])], [new TensorSpec("y", "FP32", [-1, 3])], [$"{name}/1/0"])],
        tenants);

    public static Tensor Input(long rows = 1) => new("x", "FP32", [rows, 4], new byte[rows * 4 * sizeof(float)]);

    /// <summary>A call whose body decodes to <paramref name="inputs"/>, noting the decoding in the log.</summary>
    public static InferenceCall Call(CallLog log, string model, params Tensor[] inputs) =>
        new(model, "", null, _ =>
        {
            log.Add("decode");
            return ValueTask.FromResult(new InferenceBody(inputs, []));
        });
}
