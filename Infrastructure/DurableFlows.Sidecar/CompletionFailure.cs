namespace DurableFlows.Sidecar;

/// <summary>The failure carried by a <see cref="CompletionNotice"/>.</summary>
/// <param name="ErrorType">The exception type.</param>
/// <param name="ErrorMessage">The message.</param>
/// <param name="StackTrace">The stack trace, when known.</param>
public sealed record CompletionFailure(string ErrorType, string ErrorMessage, string? StackTrace);
