// Starts GraphiQL on /graphql (loaded by /graphql's HTML page; no inline script under the CSP).
(function () {
  var root = document.getElementById('graphiql');
  var fetcher = GraphiQL.createFetcher({ url: root.getAttribute('data-endpoint') });
  ReactDOM.createRoot(root).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultEditorToolsVisibility: true,
      defaultQuery: root.getAttribute('data-default-query'),
    }),
  );
})();
