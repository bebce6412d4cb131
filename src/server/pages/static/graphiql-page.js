// GraphiQL over this server: queries and mutations over HTTP, subscriptions over graphql-ws on the
// same path, the bearer token from the bar, and the example operations as tabs.
(function () {
  var httpUrl = window.location.origin + '/graphql';
  var wsUrl = httpUrl.replace(/^http/, 'ws');
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  var wsClient = null;
  var generation = 0;

  function render(token, tabs) {
    if (wsClient) wsClient.dispose();
    wsClient = graphqlWs.createClient({
      url: wsUrl,
      lazy: true,
      connectionParams: function () {
        return token ? { authorization: 'Bearer ' + token } : {};
      },
    });
    var fetcher = GraphiQL.createFetcher({
      url: httpUrl,
      headers: DirectoryToken.headers(token),
      wsClient: wsClient,
    });
    generation += 1;
    root.render(
      React.createElement(GraphiQL, {
        key: generation,
        fetcher: fetcher,
        defaultTabs: tabs,
        defaultEditorToolsVisibility: true,
        shouldPersistHeaders: false,
      }),
    );
  }

  fetch('/assets/operations.json')
    .then(function (response) {
      return response.json();
    })
    .then(function (operations) {
      var tabs = operations.map(function (operation) {
        return { query: operation.query };
      });
      DirectoryToken.mount(function (token) {
        render(token, tabs);
      });
    });
})();
