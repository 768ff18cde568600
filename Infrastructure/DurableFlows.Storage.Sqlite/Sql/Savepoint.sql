SAVEPOINT operation;
