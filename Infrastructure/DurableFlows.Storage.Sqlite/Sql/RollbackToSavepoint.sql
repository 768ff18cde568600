ROLLBACK TO operation;
