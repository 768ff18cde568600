using DurableFlows.Aws.Ecs;

namespace DurableFlows.Deployments.Tests;

public sealed class FargateSizesTests
{
    [Theory]
    [InlineData(256, 512, 2048, 3)]
    [InlineData(512, 1024, 4096, 4)]
    [InlineData(1024, 2048, 8192, 7)]
    [InlineData(2048, 4096, 16384, 13)]
    [InlineData(4096, 8192, 30720, 23)]
    [InlineData(8192, 16384, 61440, 12)]
    [InlineData(16384, 32768, 122880, 12)]
    public void Each_cpu_allows_its_memory_range(int cpu, int smallest, int largest, int count)
    {
        var memories = FargateSizes.MemoriesFor(cpu);

        Assert.Equal((smallest, largest, count), (memories[0], memories[^1], memories.Count));
        Assert.All(memories, m => Assert.True(FargateSizes.IsValid(cpu, m)));
    }

    [Fact]
    public void Steps_are_those_of_the_table()
    {
        Assert.Equal([512, 1024, 2048], FargateSizes.MemoriesFor(256));
        Assert.True(FargateSizes.IsValid(8192, 20480));
        Assert.False(FargateSizes.IsValid(8192, 17408));
        Assert.True(FargateSizes.IsValid(16384, 40960));
        Assert.False(FargateSizes.IsValid(16384, 36864));
        Assert.False(FargateSizes.IsValid(256, 1536));
        Assert.Empty(FargateSizes.MemoriesFor(300));
    }
}
