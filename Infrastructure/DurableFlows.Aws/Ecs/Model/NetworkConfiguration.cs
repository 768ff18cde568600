namespace DurableFlows.Aws.Ecs.Model;

/// <summary>The network configuration of a task.</summary>
public sealed record NetworkConfiguration
{
    /// <summary>The VPC settings; required for Fargate tasks.</summary>
    public AwsVpcConfiguration? AwsvpcConfiguration { get; init; }
}
