-- After continue-as-new only the new execution's history is kept.
DELETE FROM History WHERE InstanceId = @instanceId AND ExecutionId <> @executionId;
