namespace DurableFlows.Aws.Ecs.Model;

/// <summary>Subnets, security groups and public IP of an <c>awsvpc</c> task.</summary>
public sealed record AwsVpcConfiguration
{
    /// <summary>Subnet ids (at most 16).</summary>
    public IReadOnlyList<string>? Subnets { get; init; }

    /// <summary>Security group ids (at most 5).</summary>
    public IReadOnlyList<string>? SecurityGroups { get; init; }

    /// <summary><c>ENABLED</c> or <c>DISABLED</c>.</summary>
    public string? AssignPublicIp { get; init; }
}
