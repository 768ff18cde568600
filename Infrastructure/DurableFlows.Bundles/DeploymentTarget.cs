namespace DurableFlows.Bundles;

/// <summary>A deployment to point at a bundle: its name and the flow it runs.</summary>
/// <param name="Deployment">The deployment's name, such as <c>sub-flow1-deployment</c>.</param>
/// <param name="Flow">The flow it runs, such as <c>Sub Flow1</c>.</param>
public sealed record DeploymentTarget(string Deployment, string Flow);
