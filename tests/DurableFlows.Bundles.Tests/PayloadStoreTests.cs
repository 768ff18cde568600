using System.Text;
using System.Text.Json;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DurableFlows.Bundles.Tests;

public sealed class PayloadStoreTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    [Fact]
    public async Task A_10_MiB_value_round_trips_and_only_the_reference_stays_inline()
    {
        var bucket = await s3.CreateBucketAsync();
        using var storage = s3.Storage(bucket);
        var store = new PayloadStore(storage, new PayloadStoreOptions(), NullLogger<PayloadStore>.Instance);
        var value = JsonSerializer.Serialize(new string('x', 10 * 1024 * 1024));

        var inline = await store.OffloadAsync("run-1", value);
        var resolved = await store.ResolveAsync(inline);

        Assert.True(inline!.Length < 400, inline);
        Assert.StartsWith("{\"$durableflows.payload\":\"s3://" + bucket + "/flows/payloads/run-1/", inline, StringComparison.Ordinal);
        var reference = PayloadReference.TryParse(inline)!;
        Assert.Equal(Encoding.UTF8.GetByteCount(value), reference.Size);
        Assert.Equal(value, resolved);
        var objects = await s3.RawClient.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = "flows/payloads/run-1/" });
        Assert.Equal(reference.Size, Assert.Single(objects.S3Objects).Size);
    }

    [Fact]
    public async Task A_value_at_the_threshold_stays_inline_and_resolves_to_itself()
    {
        using var storage = s3.Storage(await s3.CreateBucketAsync());
        var store = new PayloadStore(storage, new PayloadStoreOptions { ThresholdBytes = 1024 }, NullLogger<PayloadStore>.Instance);
        var value = "\"" + new string('é', 511) + "\"";

        var inline = await store.OffloadAsync("run-2", value);

        Assert.Equal(1024, Encoding.UTF8.GetByteCount(value));
        Assert.Same(value, inline);
        Assert.Same(value, await store.ResolveAsync(value));
        Assert.Empty(await storage.ListAsync("payloads/"));
    }

    [Fact]
    public async Task Purge_deletes_an_instances_payloads_and_their_references_then_fail_as_missing()
    {
        using var storage = s3.Storage(await s3.CreateBucketAsync());
        var store = new PayloadStore(storage, new PayloadStoreOptions { ThresholdBytes = 1024 }, NullLogger<PayloadStore>.Instance);
        var first = await store.OffloadAsync("run-3", JsonSerializer.Serialize(new string('a', 5000)));
        await store.OffloadAsync("run-3", JsonSerializer.Serialize(new string('b', 5000)));
        var other = await store.OffloadAsync("run-4", JsonSerializer.Serialize(new string('c', 5000)));

        var deleted = await store.DeleteForInstanceAsync("run-3");

        Assert.Equal(2, deleted);
        Assert.Empty(await storage.ListAsync("payloads/run-3/"));
        var error = await Assert.ThrowsAsync<PayloadException>(() => store.ResolveAsync(first));
        Assert.Equal(PayloadException.Missing, error.Classification);
        Assert.Equal(JsonSerializer.Serialize(new string('c', 5000)), await store.ResolveAsync(other));
    }

    [Fact]
    public async Task A_failed_delete_after_a_purge_is_logged_does_not_stop_the_other_instances_and_does_not_block_a_later_purge()
    {
        using var s3Storage = s3.Storage(await s3.CreateBucketAsync());
        var storage = new CountingCodeStorage(s3Storage);
        using var logs = new CollectingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(logs));
        var store = new PayloadStore(storage, new PayloadStoreOptions { ThresholdBytes = 1024 }, loggerFactory.CreateLogger<PayloadStore>());
        foreach (var instanceId in new[] { "run-6", "run-7" })
        {
            await store.OffloadAsync(instanceId, JsonSerializer.Serialize(new string('a', 5000)));
            await store.OffloadAsync(instanceId, JsonSerializer.Serialize(new string('b', 5000)));
        }

        storage.FailOneDeleteUnder = "payloads/run-6/";

        // "a/b" cannot name a payload folder, so it never had payloads: skipped, not an error.
        var deleted = await store.DeleteForPurgedAsync(["run-6", "a/b", "run-7"]);

        Assert.Equal(2, deleted);
        Assert.Empty(await storage.ListAsync("payloads/run-7/"));
        Assert.Equal(2, (await storage.ListAsync("payloads/run-6/")).Count);
        var failure = Assert.Single(logs.Lines, l => l.Contains("were not deleted", StringComparison.Ordinal));
        Assert.Contains("'run-6'", failure, StringComparison.Ordinal);
        Assert.Contains(s3Storage.GetUri("payloads/run-6/"), failure, StringComparison.Ordinal);

        // What the failed delete left behind goes with the next purge of that id.
        Assert.Equal(2, await store.DeleteForPurgedAsync(["run-6"]));
        Assert.Empty(await storage.ListAsync("payloads/"));
    }

    [Fact]
    public async Task A_changed_payload_object_is_refused()
    {
        var bucket = await s3.CreateBucketAsync();
        using var storage = s3.Storage(bucket);
        var store = new PayloadStore(storage, new PayloadStoreOptions { ThresholdBytes = 1024 }, NullLogger<PayloadStore>.Instance);
        var inline = await store.OffloadAsync("run-5", JsonSerializer.Serialize(new string('a', 5000)));
        var reference = PayloadReference.TryParse(inline)!;
        await s3.RawClient.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "flows/" + reference.Key, ContentBody = "\"changed\"", UseChunkEncoding = false });

        var error = await Assert.ThrowsAsync<PayloadException>(() => store.ResolveAsync(inline));

        Assert.Equal(PayloadException.HashMismatch, error.Classification);
        Assert.Contains(reference.Sha256, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_result_is_an_object_users_can_read()
    {
        var bucket = await s3.CreateBucketAsync();
        using var storage = s3.Storage(bucket);
        var results = new ResultStore(storage);

        var uri = await results.WriteAsync("main-flow2-run-7", "{\"tasks\":[\"a\",\"b\"]}");

        Assert.Equal($"s3://{bucket}/flows/results/main-flow2-run-7.json", uri);
        using var response = await s3.RawClient.GetObjectAsync(bucket, "flows/results/main-flow2-run-7.json");
        using var reader = new StreamReader(response.ResponseStream);
        Assert.Equal("{\"tasks\":[\"a\",\"b\"]}", await reader.ReadToEndAsync());
        Assert.Equal("{\"tasks\":[\"a\",\"b\"]}", await results.ReadAsync("main-flow2-run-7"));
        Assert.Null(await results.ReadAsync("never-ran"));
    }
}
