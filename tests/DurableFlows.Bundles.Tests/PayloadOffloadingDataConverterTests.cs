using Microsoft.DurableTask.Converters;
using Microsoft.Extensions.Logging.Abstractions;

namespace DurableFlows.Bundles.Tests;

public sealed class PayloadOffloadingDataConverterTests
{
    [Fact]
    public async Task Large_values_travel_as_references_filed_under_the_scoped_instance_and_come_back_whole()
    {
        using var folders = new TestFolders();
        var storage = new LocalCodeStorage(folders.Folder("code"));
        var store = new PayloadStore(storage, new PayloadStoreOptions(), NullLogger<PayloadStore>.Instance);
        var scope = new PayloadScope();
        var converter = new PayloadOffloadingDataConverter(JsonDataConverter.Default, store, scope);
        var output = new TrainingOutput("model-7", Enumerable.Range(0, 200_000).Select(i => i * 0.5).ToArray());

        string? serialized;
        using (scope.Enter("main-flow2-run-1"))
        {
            serialized = converter.Serialize(output);
        }

        var small = converter.Serialize(new TrainingOutput("tiny", [1.0]));
        var back = converter.Deserialize<TrainingOutput>(serialized);

        Assert.NotNull(PayloadReference.TryParse(serialized));
        Assert.True(serialized!.Length < 400);
        Assert.Equal(JsonDataConverter.Default.Serialize(new TrainingOutput("tiny", [1.0])), small);
        Assert.Empty(await storage.ListAsync("payloads/" + PayloadScope.Unscoped + "/"));
        Assert.Equal(output.Model, back!.Model);
        Assert.Equal(output.Weights, back.Weights);
        Assert.Single(await storage.ListAsync("payloads/main-flow2-run-1/"));
        Assert.Null(scope.InstanceId);

        await store.DeleteForInstanceAsync("main-flow2-run-1");
        var error = Assert.Throws<PayloadException>(() => converter.Deserialize<TrainingOutput>(serialized));
        Assert.Equal(PayloadException.Missing, error.Classification);
    }

    public sealed record TrainingOutput(string Model, double[] Weights);
}
