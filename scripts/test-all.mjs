console.log('test-all: not yet');
