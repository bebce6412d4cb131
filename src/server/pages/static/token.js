// The bearer token bar shared by the pages: kept in this browser's localStorage, never sent
// anywhere but this server (as the Authorization header, and in graphql-ws connectionParams).
(function () {
  var KEY = 'hr-directory.token';
  function get() {
    return window.localStorage.getItem(KEY) || '';
  }
  function set(value) {
    if (value) window.localStorage.setItem(KEY, value);
    else window.localStorage.removeItem(KEY);
  }
  /** Wires the #token input and #token-save button; onChange(token) runs at start and on save. */
  function mount(onChange) {
    var input = document.getElementById('token');
    var save = document.getElementById('token-save');
    input.value = get();
    function apply() {
      set(input.value.trim().replace(/^Bearer\s+/i, ''));
      onChange(get());
    }
    save.addEventListener('click', apply);
    input.addEventListener('keydown', function (event) {
      if (event.key === 'Enter') apply();
    });
    onChange(get());
  }
  function headers(token) {
    return token ? { Authorization: 'Bearer ' + token } : {};
  }
  window.DirectoryToken = { get: get, set: set, mount: mount, headers: headers };
})();
